import { SPECS, findClass, findSpec, realmSlug } from '@patt/wow';
import { characterKey, generateGuild } from './guild-generator';

const NOW = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;

describe('generateGuild', () => {
  it('gives the same guild for the same seed and a different one for another seed', () => {
    const a = generateGuild({ size: 300, seed: 7, now: NOW });
    expect(generateGuild({ size: 300, seed: 7, now: NOW })).toEqual(a);
    expect(generateGuild({ size: 300, seed: 8, now: NOW }).members.map((m) => m.name)).not.toEqual(
      a.members.map((m) => m.name),
    );
  });

  it('puts in the names real rosters break on', () => {
    const guild = generateGuild({ size: 40, seed: 1, now: NOW });
    const names = guild.members.map((m) => `${m.name}-${m.realm.slug}`);
    expect(names).toEqual(
      expect.arrayContaining(['Zatañña-senjin', 'Ëlrond-moknathal', 'Тролль-area-52', 'Trog-senjin', 'Trog-area-52']),
    );
    const realms = new Set(guild.members.map((m) => m.realm.name));
    expect([...realms]).toEqual(expect.arrayContaining(["Sen'jin", "Mok'Nathal", 'Area 52', 'Argent Dawn']));
    expect(guild.realm).toEqual({ id: expect.any(Number), name: "Sen'jin", slug: 'senjin' });
  });

  it('keeps ids unique, names unique per realm, and every class and spec valid', () => {
    const guild = generateGuild({ size: 2000, seed: 42, now: NOW });
    expect(new Set(guild.members.map((m) => m.id)).size).toBe(2000);
    expect(new Set(guild.members.map((m) => characterKey(m.realm.slug, m.name))).size).toBe(2000);
    for (const m of guild.members) {
      expect(findClass(m.classId)).toBeDefined();
      expect(m.realm.slug).toBe(realmSlug(m.realm.name));
      expect(m.name.length).toBeLessThanOrEqual(12);
      if (m.specId === null) expect(m.level).toBeLessThan(10);
      else expect(findSpec(m.specId)?.classId).toBe(m.classId);
    }
    const classes = new Set(guild.members.map((m) => m.classId));
    expect(classes.size).toBe(13);
    expect(new Set(guild.members.map((m) => m.specId)).size).toBeGreaterThan(SPECS.length * 0.9);
  });

  it('has one guild master and rank indexes up to 9', () => {
    const guild = generateGuild({ size: 500, seed: 3, now: NOW });
    const ranks = guild.members.map((m) => m.rank);
    expect(ranks.filter((r) => r === 0)).toHaveLength(1);
    expect(new Set(ranks)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });

  it('spreads last logins over the 60 days before now', () => {
    const logins = generateGuild({ size: 1000, seed: 5, now: NOW }).members.map((m) => m.lastLoginMs);
    expect(Math.max(...logins)).toBeLessThanOrEqual(NOW);
    expect(Math.min(...logins)).toBeGreaterThanOrEqual(NOW - 60 * DAY_MS);
    expect(logins.filter((at) => at < NOW - 30 * DAY_MS).length).toBeGreaterThan(300);
    expect(logins.filter((at) => at > NOW - 7 * DAY_MS).length).toBeGreaterThan(50);
  });

  it('takes the realms it is given, the first as home', () => {
    const guild = generateGuild({ size: 30, seed: 9, realms: ['Area 52', "Sen'jin"], now: NOW });
    expect(guild.realm.slug).toBe('area-52');
    expect(new Set(guild.members.map((m) => m.realm.slug))).toEqual(new Set(['area-52', 'senjin']));
  });

  it('makes 10,000 members quickly', () => {
    const started = performance.now();
    const guild = generateGuild({ size: 10_000, seed: 11, now: NOW });
    // About 0.3 s on a quiet machine; the margin is for a busy CI runner.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(guild.members).toHaveLength(10_000);
    expect(new Set(guild.members.map((m) => characterKey(m.realm.slug, m.name))).size).toBe(10_000);
  });

  it('makes small guilds too', () => {
    expect(generateGuild({ size: 0, seed: 1 }).members).toEqual([]);
    expect(generateGuild({ size: 1, seed: 1 }).members[0].rank).toBe(0);
  });
});
