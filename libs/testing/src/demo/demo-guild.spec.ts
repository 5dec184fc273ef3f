// The demo guild's own consistency: the same on every call (the stand-ins and the start script
// each build it), its three tellings agree, and the people the README's quick start names are the
// demo's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPattSyncExport } from '@patt/savedvariables';
import { nameKey } from '@patt/wow';
import { WORKSPACE_ROOT } from '../processes';
import { demoDiscordGuild, demoGuild, keyOf } from './demo-guild';
import { savedVariablesOf } from './demo-setup';

describe('the demo guild', () => {
  const now = Date.UTC(2026, 11, 1);
  const demo = demoGuild({ now });

  it('is the same guild, server and export whenever it is built', () => {
    const again = demoGuild({ now });
    expect(again.guild).toEqual(demo.guild);
    expect(again.discordMembers).toEqual(demo.discordMembers);
    expect(again.addonExport).toEqual(demo.addonExport);
    expect(demoDiscordGuild(again).members.map((m) => m.user.id)).toEqual(demoDiscordGuild(demo).members.map((m) => m.user.id));
  });

  it('tells one story three ways: every character is exported, every player is on the server', () => {
    const characters = new Set(demo.guild.members.map(keyOf));
    const told = [
      ...demo.story.players.flatMap((p) => [p.main, ...p.alts]),
      ...demo.story.suggestions.map((s) => s.character),
      ...demo.story.unlinked,
    ];
    expect(new Set(told)).toEqual(characters);
    expect(told).toHaveLength(characters.size);
    expect(demo.addonExport.characters).toHaveLength(demo.guild.members.length);

    const usernames = new Set(demo.discordMembers.map((m) => m.username));
    for (const username of [...demo.story.players.map((p) => p.discordUsername), ...demo.story.suggestions.map((s) => s.discordUsername), demo.story.exOfficer.discordUsername, ...demo.story.friends]) {
      expect(usernames.has(username)).toBe(true);
    }
    // The guild leader's Discord user owns the server.
    const server = demoDiscordGuild(demo);
    expect(server.members.find((m) => m.user.id === server.ownerId)?.user.username).toBe(demo.story.players[0]?.discordUsername);
    // Only the planted pairs share a name.
    const keys = demo.guild.members.map((c) => nameKey(c.name));
    expect(keys.length - new Set(keys).size).toBe(2);
  });

  it('uploads as a file the addon could have written: every character, the notes that join alts and players', () => {
    const parsed = readPattSyncExport(savedVariablesOf(demo));
    expect(parsed.characters).toHaveLength(demo.guild.members.length);
    const notes = parsed.characters.filter((c) => c.note || c.officerNote);
    const alts = demo.story.players.reduce((n, p) => n + p.alts.length, 0);
    expect(notes.length).toBeGreaterThanOrEqual(alts + demo.story.players.filter((p) => p.join === 'note_hint').length);
    const hinted = demo.story.players.filter((p) => p.join === 'note_hint').map((p) => p.discordUsername);
    for (const username of hinted) expect(notes.some((c) => `${c.note} ${c.officerNote}`.includes(username))).toBe(true);
  });

  it('has the people the README’s quick start names', () => {
    const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### The first five minutes'), readme.indexOf('## What is where'));
    expect(section).toContain(`@${demo.story.exOfficer.discordUsername}`);
    expect(section).toContain(`@${demo.story.roleMismatch.discordUsername}`);
    for (const handle of section.match(/`(?:discord: |@|dc=)([a-z.]+)`/g) ?? []) {
      expect(demo.story.players.some((p) => handle.includes(p.discordUsername))).toBe(true);
    }
    const quotedMains = [...section.matchAll(/"([A-Z][a-z]+)'s alt"|"main: ([A-Z][a-z]+)"/g)].map((m) => m[1] ?? m[2]);
    expect(quotedMains.length).toBeGreaterThan(0);
    for (const main of quotedMains) expect(demo.story.players.some((p) => p.main.endsWith(`/${main}`) && p.alts.length > 0)).toBe(true);
    expect(section).toContain(`${demo.guild.members.length} characters`);
    expect(section).toContain(`${demo.story.suggestions.length === 6 ? 'six' : demo.story.suggestions.length}`);
  });
});
