/** A thin client of a running simulator's control API, for the CLI (and anyone scripting the demo). */
export class ControlClient {
  constructor(private readonly baseUrl: string) {}

  get(path: string, query: Record<string, string | number | undefined> = {}): Promise<unknown> {
    const url = new URL(`/__sim${path}`, this.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return this.send(url, { method: 'GET' });
  }

  post(path: string, body: unknown = {}): Promise<unknown> {
    return this.send(new URL(`/__sim${path}`, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  delete(path: string): Promise<unknown> {
    return this.send(new URL(`/__sim${path}`, this.baseUrl), { method: 'DELETE' });
  }

  private async send(url: URL, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (err) {
      throw new Error(
        `cannot reach the simulator at ${this.baseUrl}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const text = await res.text();
    const data: unknown = text ? JSON.parse(text) : {};
    if (!res.ok) throw new Error(`${res.status} ${JSON.stringify(data)}`);
    return data;
  }
}
