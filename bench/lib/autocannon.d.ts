/** The part of autocannon's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    setupRequest?: (req: AutocannonRequest, context: Record<string, any>) => AutocannonRequest | null | undefined;
    onResponse?: (status: number, body: string, context: Record<string, any>, headers: Record<string, string>) => void;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: AutocannonRequest[];
    setupClient?: (client: any) => void;
    overallRate?: number;
    connectionRate?: number;
    ignoreCoordinatedOmission?: boolean;
    skipAggregateResult?: boolean;
  }
  interface AutocannonResult {
    errors: number;
    timeouts: number;
    non2xx: number;
    totalRequests: number;
    totalCompletedRequests: number;
    duration: number;
    [key: string]: any;
  }
  interface Instance extends Promise<AutocannonResult> {
    stop(): void;
    on(event: string, fn: (...args: any[]) => void): void;
  }
  function autocannon(opts: AutocannonOptions): Instance;
  export default autocannon;
}
