import net from 'node:net';
import WebSocket from 'ws';
import { cardNodes } from './card-walk.js';

/** A free TCP port on loopback (the playground needs a fixed port number on its command line). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface PgActivity {
  id?: string;
  type: string;
  text?: string;
  from?: { id: string; name?: string };
  conversation?: { id: string };
  attachments?: { contentType: string; content: any }[];
  [k: string]: unknown;
}

/**
 * Drives the Agents Playground without a browser, over the HTTP/WebSocket API its own web page
 * uses (GET /_internal/v1/config for the ids, the conversation stream for messages): what a person
 * typing and clicking in it would cause, and what it shows back.
 */
export class PlaygroundClient {
  readonly received: { kind: string; activity: PgActivity }[] = [];
  private ws: WebSocket | null = null;
  constructor(readonly url: string) {}

  async connect(): Promise<void> {
    const wsUrl = this.url.replace(/^http/, 'ws') + '/_ws_conversation/v1/conversations/stream';
    this.ws = new WebSocket(wsUrl);
    this.ws.on('message', (data) => {
      try {
        const msg = JSON.parse(String(data));
        // Frames look like {action: 'createMessage'|'updateMessage', actionConversationId, message}.
        const kind = msg.action ?? msg.type ?? 'unknown';
        const m = msg.message ?? msg.activity ?? msg;
        this.received.push({
          kind,
          activity: { ...m, id: m.messageId ?? m.id, type: 'message', conversation: { id: msg.actionConversationId } },
        });
      } catch {
        /* ignore non-JSON frames */
      }
    });
    await new Promise<void>((resolve, reject) => {
      this.ws!.once('open', () => resolve());
      this.ws!.once('error', reject);
    });
  }

  config(): Promise<any> {
    return fetch(`${this.url}/_internal/v1/config`).then((r) => r.json());
  }

  /** A message @mentioning the bot (in group chats and channels the bot only gets those). */
  async mentionBot(
    conversationId: string,
    fromId: string,
    text: string,
    bot = { id: '00000000-0000-0000-0000-00000000000011', name: 'styrebot' },
  ): Promise<any> {
    const tag = `<at>${bot.name}</at>`;
    return this.send(conversationId, fromId, `${tag} ${text}`, { mentions: [{ mentioned: bot, text: tag }] });
  }

  async send(conversationId: string, fromId: string, text: string, extra: Record<string, unknown> = {}): Promise<any> {
    const res = await fetch(`${this.url}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: fromId }, text, textFormat: 'plain', ...extra }),
    });
    if (!res.ok) throw new Error(`playground send failed: ${res.status} ${await res.text()}`);
    return res.json().catch(() => null);
  }

  async invoke(conversationId: string, fromId: string, replyToId: string, verb: string, data: Record<string, unknown>): Promise<any> {
    const res = await fetch(`${this.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        conversation: { id: conversationId },
        from: { id: fromId },
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  async customActivity(activity: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/_internal/v1/customActivities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (!res.ok) throw new Error(`custom activity failed: ${res.status} ${await res.text()}`);
  }

  /** Waits for a bot message (new or updated) matching `pred`, received after index `from`. */
  async waitFor(pred: (a: PgActivity, kind: string) => boolean, opts: { from?: number; timeoutMs?: number } = {}): Promise<PgActivity> {
    const until = Date.now() + (opts.timeoutMs ?? 15_000);
    for (;;) {
      const hit = this.received.slice(opts.from ?? 0).find((r) => pred(r.activity, r.kind));
      if (hit) return hit.activity;
      if (Date.now() > until)
        throw new Error(
          `playground: no matching message within ${opts.timeoutMs ?? 15_000} ms; got ${this.received.length}: ${JSON.stringify(this.received.slice(-3)).slice(0, 1500)}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.ws?.close();
  }
}

/** Text of an activity's cards and its text, for assertions. */
export function activityText(a: PgActivity): string {
  const parts: string[] = [a.text ?? ''];
  for (const n of cardNodes(a.attachments ?? []))
    for (const k of ['text', 'title', 'value']) if (typeof n[k] === 'string') parts.push(n[k]);
  return parts.join('\n').replace(/\u00a0/g, ' ');
}
