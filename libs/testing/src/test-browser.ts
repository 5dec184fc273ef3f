/** An envelope as a test reads it. */
export type TestJson = { ok: boolean; data: any; error?: string; code?: string; details?: Array<{ field: string; problems?: string[] }> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A browser against the gateway: its cookies kept across requests as a browser keeps them (by
 * name; the paths are the gateway's), an access token sent when it has one.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** Sent as `Authorization: Bearer …` when set (the web app keeps it in memory). */
  accessToken: string | null = null;

  constructor(private readonly base: string) {}

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      const text = value.join('=');
      if (!name) continue;
      if (text === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), text);
    }
  }

  private header(): Record<string, string> {
    return {
      ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ') } : {}),
      ...(this.accessToken ? { authorization: `Bearer ${this.accessToken}` } : {}),
    };
  }

  async post(path: string, body: unknown = {}): Promise<{ status: number; body: TestJson }> {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.header() },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    this.keep(response);
    return { status: response.status, body: (await response.json()) as TestJson };
  }

  async get(path: string): Promise<{ status: number; body: TestJson }> {
    const response = await fetch(`${this.base}${path}`, { headers: this.header() });
    this.keep(response);
    return { status: response.status, body: (await response.json()) as TestJson };
  }

  /** A navigation the browser does not follow on: the status and where it is sent. */
  async visit(url: string): Promise<{ status: number; location: string | null; body: string }> {
    const response = await fetch(url.startsWith('http') ? url : `${this.base}${url}`, { headers: this.header(), redirect: 'manual' });
    this.keep(response);
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }
}
