/// <reference types="jest" />
// Unit tests only: this uses jest's global `jest`, present in every suite and nowhere else.

type Method = (...args: never[]) => unknown;
type MethodKeys<T> = { [K in keyof T]: T[K] extends Method ? K : never }[keyof T];

/**
 * What a test gives a strict mock: implementations of methods, typed from T's own signatures
 * (fewer parameters are fine), and values of the other members it reads.
 */
export type Implementations<T> = {
  [K in keyof T]?: T[K] extends (...args: infer A) => infer R ? (...args: A) => R : T[K];
};

/** The mocked methods of a T, as jest mocks with T's signatures. */
export type MockedMethods<T> = { [K in MethodKeys<T>]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : never };

/**
 * A stand-in for a dependency that has only what a test gives it, each method a jest mock:
 * touching anything else throws, naming it, so a test never passes on a call it did not expect.
 *
 *   const runs = strictMock<SyncRunsRepository>('runs', { create: async (source, trigger) => run({ source, trigger }) });
 *   expect(runs.create).toHaveBeenCalledWith('blizzard', 'manual');
 */
export function strictMock<T extends object>(name: string, implementations: Implementations<T> = {}): T & MockedMethods<T> {
  const members: Record<PropertyKey, unknown> = {};
  for (const [key, given] of Object.entries(implementations)) {
    members[key] = typeof given === 'function' ? jest.fn(given as (...args: unknown[]) => unknown) : given;
  }
  return new Proxy(members, {
    get(target, key) {
      if (key in target) return target[key];
      // Promise resolution and Jest's printing probe these; they are not uses.
      if (typeof key === 'symbol' || key === 'then' || key === 'asymmetricMatch' || key === 'toJSON') return undefined;
      throw new Error(`${name}.${key} was used, but the test did not mock it`);
    },
  }) as T & MockedMethods<T>;
}
