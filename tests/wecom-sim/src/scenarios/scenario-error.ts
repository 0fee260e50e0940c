/** A scenario that cannot run as asked (unknown member, relation already there…); the control API answers 4xx. */
export class ScenarioError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export function notFound(what: string): ScenarioError {
  return new ScenarioError(404, `${what} not found`);
}
