/**
 * A minimal WebDriver BiDi client over one WebSocket: commands by id, events by name. Written here because
 * puppeteer-core's BiDi layer refuses moz-extension:// navigation and hides the raw commands we need
 * (webExtension.install, network.provideResponse, browsingContext.setViewport with touch input).
 */
import WebSocket from 'ws';

type Handler = (params: any) => void;

export class BidiError extends Error {
  constructor(readonly method: string, readonly error: string, message: string) {
    super(`${method}: ${error}: ${message}`);
  }
}

export class Bidi {
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (v: any) => void; reject: (e: Error) => void }>();
  private readonly handlers = new Map<string, Set<Handler>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data))));
    socket.on('close', () => {
      for (const { method, reject } of this.pending.values()) reject(new BidiError(method, 'closed', 'the BiDi socket closed'));
      this.pending.clear();
    });
  }

  static async connect(url: string): Promise<Bidi> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new Bidi(socket);
  }

  send<T = any>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(event: string, handler: Handler): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  close(): void {
    this.socket.close();
  }

  private receive(message: any): void {
    if (typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.type === 'error') waiting.reject(new BidiError(waiting.method, message.error, message.message));
      else waiting.resolve(message.result);
      return;
    }
    if (message.type === 'event') for (const handler of this.handlers.get(message.method) ?? []) handler(message.params);
  }
}
