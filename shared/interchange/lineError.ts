// A refusal that names the line of the file it is about: "EDL line 12: …", "XML line 3: …".
export class LineError extends Error {
  constructor(
    what: string,
    readonly line: number,
    message: string,
  ) {
    super(`${what} line ${line}: ${message}`);
  }
}
