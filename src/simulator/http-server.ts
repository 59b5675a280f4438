/**
 * node:http plumbing: reads the body (JSON or form), hands a SimRequest to
 * the dispatcher and writes its reply, or drops the connection for a
 * "reset" fault.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SimReply, SimRequest } from './types.js';

export type Dispatch = (req: SimRequest) => Promise<SimReply | 'reset'>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function toSimRequest(req: IncomingMessage): Promise<SimRequest | 'bad_json'> {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `http://${host}`);
  const text = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  let json: unknown;
  let form = new URLSearchParams();
  if (text.length > 0 && type.includes('application/json')) {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      return 'bad_json';
    }
  } else if (type.includes('application/x-www-form-urlencoded')) {
    form = new URLSearchParams(text);
  }
  return { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, form, json, origin: `http://${host}` };
}

function write(res: ServerResponse, reply: SimReply): void {
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(reply.html), ...reply.headers });
    res.end(reply.html);
    return;
  }
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body), ...reply.headers });
  res.end(body);
}

export function createSimServer(dispatch: Dispatch): Server {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const simReq = await toSimRequest(req);
        if (simReq === 'bad_json') return write(res, { status: 400, body: { error: 'invalid JSON body' } });
        const reply = await dispatch(simReq);
        if (reply === 'reset') {
          req.socket.destroy();
          return;
        }
        write(res, reply);
      } catch (error) {
        write(res, { status: 500, body: { error: 'simulator failure', detail: error instanceof Error ? error.message : String(error) } });
      }
    })();
  });
  // Idle connections stay open longer than the client keeps them (undici: 4 s), as the platforms'
  // front ends do: a server that closes first races a request already sent on that socket, and the
  // client sees ECONNRESET (seen in demo mode, where a busy event loop fires Node's 5 s timer late).
  server.keepAliveTimeout = 65_000;
  return server;
}
