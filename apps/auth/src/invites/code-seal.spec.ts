import { AuthConfig } from '../app/auth.config';
import { CodeSeal } from './code-seal';

const sealWith = (secret: string) => new CodeSeal(Object.assign(new AuthConfig(), { JWT_SECRET: secret }));

describe('CodeSeal', () => {
  const seal = sealWith('s'.repeat(40));
  const invite = '3f1c2a8e-1111-4222-8333-444455556666';

  it('seals a code so that the stored text does not hold it, and opens it again', () => {
    const sealed = seal.seal('Ab3_xyzCODE42', invite);
    expect(sealed).not.toContain('Ab3_xyzCODE42');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(seal.open(sealed, invite)).toBe('Ab3_xyzCODE42');
  });

  it('seals the same code differently each time', () => {
    expect(seal.seal('same', invite)).not.toBe(seal.seal('same', invite));
  });

  it('does not open for another invite, after tampering, or under another secret', () => {
    const sealed = seal.seal('Ab3_xyzCODE42', invite);
    expect(seal.open(sealed, '3f1c2a8e-1111-4222-8333-000000000000')).toBeNull();
    // A byte of the ciphertext changed: its first character (every bit of it is data, where the
    // last one's low bits may be padding), made another character whatever it was; on many seals,
    // since each has its own IV and so its own ciphertext.
    for (let i = 0; i < 200; i++) {
      const [v, iv, data, tag] = seal.seal('Ab3_xyzCODE42', invite).split('.');
      const flipped = `${data!.startsWith('A') ? 'B' : 'A'}${data!.slice(1)}`;
      expect(flipped).not.toBe(data);
      expect(seal.open([v, iv, flipped, tag].join('.'), invite)).toBeNull();
    }
    expect(sealWith('t'.repeat(40)).open(sealed, invite)).toBeNull();
    expect(seal.open('not sealed at all', invite)).toBeNull();
  });
});
