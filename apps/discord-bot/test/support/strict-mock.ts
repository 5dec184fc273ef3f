type Method = (...args: never[]) => unknown;
type MethodKeys<T> = { [K in keyof T]: T[K] extends Method ? K : never }[keyof T];

/** Implementations a test gives, typed from T's own signatures (fewer parameters are fine). */
export type Implementations<T> = { [K in MethodKeys<T>]?: T[K] extends (...args: infer A) => infer R ? (...args: A) => R : never };

/** The mocked methods of a T, as jest mocks with T's signatures. */
export type MockedMethods<T> = { [K in MethodKeys<T>]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : never };

/**
 * A stand-in for a dependency that has only the methods a test gives it, each a jest mock:
 * touching anything else throws, naming it, so a test never passes on a call it did not expect.
 */
export function strictMock<T extends object>(name: string, implementations: Implementations<T> = {}): T & MockedMethods<T> {
  const mocks: Record<PropertyKey, unknown> = {};
  for (const [key, implementation] of Object.entries(implementations)) mocks[key] = jest.fn(implementation as (...args: unknown[]) => unknown);
  return new Proxy(mocks, {
    get(target, key) {
      if (key in target) return target[key];
      // Promise resolution and Jest's printing probe these; they are not calls.
      if (typeof key === 'symbol' || key === 'then' || key === 'asymmetricMatch' || key === 'toJSON') return undefined;
      throw new Error(`${name}.${key} was used, but the test did not mock it`);
    },
  }) as T & MockedMethods<T>;
}
