import type { Response } from 'express';

/** Sends a JSON body the way CouchDB does (one line, newline-terminated). */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'must-revalidate');
  res.end(`${JSON.stringify(body)}\n`);
}

/** CouchDB's error envelope: `{"error": ..., "reason": ...}`. */
export function sendError(res: Response, status: number, error: string, reason: string): void {
  sendJson(res, status, { error, reason });
}

export const notServerAdmin = (res: Response): void =>
  sendError(res, 401, 'unauthorized', 'You are not a server admin.');

export const notDbAdmin = (res: Response): void =>
  sendError(res, 401, 'unauthorized', 'You are not a db or server admin.');
