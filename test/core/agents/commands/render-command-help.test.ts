import { describe, expect, it } from '@jest/globals';
import { renderCommandHelp } from '../../../../core/agents/commands/render-command-help.js';

const commandWords = ['review', 'describe', 'ask <question>', 'pause', 'resume', 'budget', 'help'];

describe('renderCommandHelp', () => {
  it('lists every command written with the repository’s prefix', () => {
    const help = renderCommandHelp('!sy');
    for (const word of commandWords) expect(help).toContain(`\`!sy ${word}\``);
    expect(help).not.toContain('/agent');
  });

  it('says who may run commands', () => {
    expect(renderCommandHelp('/agent')).toContain('commands.authorizedUsers');
  });

  it('names an unknown word before the list, with backticks neutralized', () => {
    const help = renderCommandHelp('/agent', 'dep`loy');
    expect(help.split('\n')[0]).toBe("Switchyard does not know the command `dep'loy`.");
    expect(help).toContain('| `/agent review` |');
  });

  it('asks for the question when ask came without one', () => {
    const help = renderCommandHelp('@bot', 'ask');
    expect(help.split('\n')[0]).toBe(
      '`@bot ask` needs a question after it, e.g. `@bot ask why is this lock needed?`',
    );
    expect(help).not.toContain('does not know');
  });

  it('says a command is missing when the prefix came alone', () => {
    expect(renderCommandHelp('/agent', '').split('\n')[0]).toBe(
      'Switchyard needs a command after the prefix.',
    );
  });

  it('starts with the list itself when help was asked for', () => {
    expect(renderCommandHelp('/agent').split('\n')[0]).toBe('#### Switchyard commands');
  });
});
