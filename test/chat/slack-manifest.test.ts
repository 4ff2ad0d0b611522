import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { commandName, slackCommands } from '../../src/chats/slack/slack-commands.js';
import { COMMANDS } from '../../src/commands/index.js';
import { commandsFor } from '../../src/core/command.js';

/*
 * The manifest is YAML so it can carry comments (how to switch to Socket Mode). The project has
 * no YAML dependency, so this reads the block-style subset the manifest uses (mappings,
 * sequences, `- key: value` items, plain/double-quoted scalars, full-line comments) and refuses
 * anything else — including indentation a real parser would read differently — then checks the
 * result against Slack's manifest schema for the fields we use.
 */
type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml };
interface SourceLine {
  no: number;
  indent: number;
  text: string;
}

function parseYamlSubset(source: string): Yaml {
  const lines: SourceLine[] = source
    .split('\n')
    .map((raw, i) => ({ no: i + 1, raw }))
    .filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'))
    .map(({ no, raw }) => {
      if (/^\s*\t/.test(raw)) throw new Error(`line ${no}: tab in indentation`);
      return { no, indent: raw.length - raw.trimStart().length, text: raw.trim() };
    });
  const fail = (line: SourceLine | undefined, why: string): never => {
    throw new Error(`line ${line?.no ?? 'end'}: ${why}`);
  };

  function scalar(raw: string, line: SourceLine): Yaml {
    if (raw.startsWith('"')) return z.string().parse(JSON.parse(raw));
    if (raw === 'true' || raw === 'false') return raw === 'true';
    if (/^-?\d+$/.test(raw)) return Number(raw);
    // Plain scalars that YAML would read as something else (comments, anchors, flow, nested keys).
    if (/^[#&*!|>'%@`{[\]]/.test(raw) || / #/.test(raw) || /: /.test(raw) || raw.endsWith(':')) fail(line, `quote this value: ${raw}`);
    return raw;
  }

  function block(i: number, indent: number): [Yaml, number] {
    return lines[i]?.text.startsWith('- ') ? sequence(i, indent) : mapping(i, indent);
  }

  function mapping(start: number, indent: number): [Yaml, number] {
    const out: { [key: string]: Yaml } = {};
    let i = start;
    for (let line = lines[i]; line && line.indent === indent && !line.text.startsWith('- '); line = lines[i]) {
      const match = /^([\w.-]+):(?: (.+))?$/.exec(line.text) ?? fail(line, 'expected "key: value"');
      const [, key = '', rest] = match;
      if (key in out) fail(line, `duplicate key ${key}`);
      i++;
      if (rest !== undefined) {
        out[key] = scalar(rest, line);
        continue;
      }
      const next = lines[i];
      if (!next || next.indent <= indent) fail(line, `no value for ${key}`);
      [out[key], i] = block(i, next?.indent ?? 0);
    }
    const after = lines[i];
    if (after && after.indent > indent) fail(after, 'unexpected indentation');
    return [out, i];
  }

  function sequence(start: number, indent: number): [Yaml, number] {
    const out: Yaml[] = [];
    let i = start;
    for (let line = lines[i]; line && line.indent === indent && line.text.startsWith('- '); line = lines[i]) {
      const rest = line.text.slice(2);
      if (/^[\w.-]+:( |$)/.test(rest)) {
        // `- key: value` opens a mapping whose keys line up with `key`.
        lines[i] = { ...line, indent: indent + 2, text: rest };
        let item: Yaml;
        [item, i] = mapping(i, indent + 2);
        out.push(item);
      } else {
        out.push(scalar(rest, line));
        i++;
      }
    }
    const after = lines[i];
    if (after && after.indent > indent) fail(after, 'unexpected indentation');
    return [out, i];
  }

  const [value, end] = block(0, 0);
  if (end !== lines.length) fail(lines[end], 'unexpected content');
  return value;
}

const EVENTS_URL = 'https://YOUR-HOST/slack/events';

const SlashCommand = z
  .object({
    command: z.string().regex(/^\/[a-z0-9_-]{1,32}$/),
    url: z.literal(EVENTS_URL),
    description: z.string().min(1).max(2000),
    usage_hint: z.string().min(1).max(1000).optional(),
    // The query reaches the bot as typed (no `<@U…>` rewriting of names).
    should_escape: z.literal(false),
  })
  .strict();

// `.strict()` everywhere: no event subscriptions or extra scopes sneak in.
const Manifest = z
  .object({
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().max(140),
        background_color: z.string().regex(/^#[0-9a-f]{6}$/i),
      })
      .strict(),
    features: z
      .object({
        bot_user: z.object({ display_name: z.literal('bankbell'), always_online: z.boolean() }).strict(),
        slash_commands: z.array(SlashCommand),
      })
      .strict(),
    oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }).strict() }).strict(),
    settings: z
      .object({
        // The acknowledge button's presses arrive where the slash commands do.
        interactivity: z.object({ is_enabled: z.literal(true), request_url: z.literal('https://YOUR-HOST/slack/events') }).strict(),
        org_deploy_enabled: z.literal(false),
        socket_mode_enabled: z.literal(false),
        token_rotation_enabled: z.literal(false),
      })
      .strict(),
  })
  .strict();

const source = readFileSync(new URL('../../slack-manifest.yml', import.meta.url), 'utf8');

describe('slack-manifest.yml', () => {
  it('is well-formed and matches the manifest schema', () => {
    expect(() => Manifest.parse(parseYamlSubset(source))).not.toThrow();
  });

  it('creates exactly the commands the registry gives Slack, as the registry declares them (/find with a usage hint), all answered by the bot', () => {
    const manifest = Manifest.parse(parseYamlSubset(source));
    const commands = manifest.features.slash_commands;
    // Every command but Telegram's /start, in the order /help lists them.
    const expected = commandsFor(COMMANDS, []);
    expect(expected.map((c) => c.name)).not.toContain('start');
    for (const command of expected) expect(command.manifest, command.name).toBeDefined();
    expect(commands.map((c) => ({ command: c.command, description: c.description, usage_hint: c.usage_hint }))).toEqual(
      expected.map((c) => ({ command: `/${c.name}`, description: c.manifest?.description, usage_hint: c.manifest?.usageHint })),
    );
    expect(commands.map((c) => commandName(c.command, slackCommands(COMMANDS)))).toEqual(expected.map((c) => c.name));
    expect(commands.find((c) => c.command === '/find')?.usage_hint).toMatch(/500k/);
  });

  it('asks only for the scopes the bot uses', () => {
    const manifest = Manifest.parse(parseYamlSubset(source));
    // chat:write and commands for the bot, files:write for /export and /qr's image; channels:read and groups:read for npm run doctor's membership check.
    expect(manifest.oauth_config.scopes.bot.toSorted()).toEqual(['channels:read', 'chat:write', 'commands', 'files:write', 'groups:read']);
  });

  it('explains how to switch to Socket Mode right above the setting', () => {
    const lines = source.split('\n');
    const at = lines.findIndex((line) => line.trim().startsWith('socket_mode_enabled:'));
    const comment = lines.slice(Math.max(0, at - 4), at).join('\n');
    expect(comment).toMatch(/#.*SLACK_APP_TOKEN/);
    expect(comment).toMatch(/connections:write/);
  });

  it('the reader refuses what YAML would read differently', () => {
    expect(() => parseYamlSubset('a:\n  b: 1\n   c: 2\n')).toThrow(/indentation/);
    expect(() => parseYamlSubset('a: x # comment\n')).toThrow(/quote/);
    expect(() => parseYamlSubset('a: 1\na: 2\n')).toThrow(/duplicate/);
    expect(parseYamlSubset('a:\n  - b: "#1"\n    c: true\n  - d: x:y\n')).toEqual({ a: [{ b: '#1', c: true }, { d: 'x:y' }] });
  });
});
