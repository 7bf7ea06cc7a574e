import { createRoot } from 'react-dom/client';

function App() {
  return <div>Segue</div>;
}

createRoot(document.getElementById('root')!).render(<App />);
