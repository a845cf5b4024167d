/** The pino-compatible logger the embedded store accepts (object first, then message). */
export interface EmbeddedLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

export const silentLogger: EmbeddedLogger = { info: noop, warn: noop, error: noop, debug: noop };
