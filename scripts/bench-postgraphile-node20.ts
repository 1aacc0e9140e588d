// PostGraphile 5 asks for Node ≥ 22 and uses one thing Node 20 lacks: `Promise.withResolvers`
// (without it every query fails with "Cannot read properties of undefined (reading 'items')").
// This project runs on Node 20, so the benchmark's peer gets the standard behaviour here,
// imported before PostGraphile loads. Benchmark only: the service never loads this.
declare global {
  interface PromiseConstructor {
    withResolvers<T>(): { promise: Promise<T>; resolve: (value: T | PromiseLike<T>) => void; reject: (reason?: unknown) => void };
  }
}

if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

export {};
