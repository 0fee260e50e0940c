/** Makes a switch that forgets a member of a union a compile error, and a value no case handled a loud one. */
export function assertUnreachable(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
