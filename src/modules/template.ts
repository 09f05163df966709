/**
 * template: the engine renders the controller-side template with the host's vars
 * (ctx.renderTemplateFile); the text is then written like copy's content=.
 */

import { actionFail } from '../actions/action-fail.js';
import { FlotillaError } from '../errors/index.js';
import { templateSyntaxTraceback } from '../errors/task-errors.js';
import type { ModuleDefinition } from './types.js';
import { FILE_EXTRA_OPTIONS, refuseFileExtras } from './util/attributes.js';
import { textSource } from './util/content-source.js';
import { requireControllerFile } from './util/controller-file.js';
import { ensureContent } from './util/ensure-content.js';
import { renderedTemplatePath } from './util/local-temp.js';

export const templateModule: ModuleDefinition = {
  name: 'template',
  // The template is a controller file (path_dwim expands it there).
  controllerPaths: () => ['src'],
  actionCheck(raw) {
    if (raw.state !== undefined && raw.state !== null)
      return actionFail("'state' cannot be specified on a template");
    if (raw.src === undefined || raw.src === null || raw.dest === undefined || raw.dest === null)
      return actionFail('src and dest are required');
    return undefined;
  },
  args: {
    options: {
      src: { type: 'path', required: true },
      dest: { type: 'path', required: true },
      backup: { type: 'bool', default: false },
      force: { type: 'bool', default: true },
      mode: { type: 'raw' },
      owner: { type: 'str' },
      group: { type: 'str' },
      newline_sequence: { type: 'str', default: '\n', choices: ['\n', '\r', '\r\n'] },
      trim_blocks: { type: 'bool', default: true },
      lstrip_blocks: { type: 'bool', default: false },
      follow: { type: 'bool', default: false },
      validate: { type: 'str' },
      output_encoding: { type: 'str', default: 'utf-8' },
      unsafe_writes: { type: 'bool', default: false },
      ...FILE_EXTRA_OPTIONS,
    },
  },
  async run(args, ctx) {
    await refuseFileExtras(ctx, args, 'template');
    if (!ctx.renderTemplateFile)
      return { changed: false, failed: true, msg: 'template: no template renderer available' };
    const local = requireControllerFile(ctx, args.src as string, 'templates');
    let text: string;
    try {
      text = await ctx.renderTemplateFile(
        local,
        { trimBlocks: args.trim_blocks as boolean, lstripBlocks: args.lstrip_blocks as boolean },
        { src: args.src as string, dest: args.dest as string },
      );
    } catch (err) {
      if (!(err instanceof FlotillaError)) throw err;
      // As Ansible's template action reports an undefined variable or a syntax error (with
      // the exception line).
      let reason: string;
      if (err.code === 'FLT_TEMPLATE_UNDEFINED')
        reason = `AnsibleUndefinedVariable: ${err.message}. ${err.message}`;
      else if (err.code === 'FLT_TEMPLATE_PLUGIN')
        return {
          changed: false,
          failed: true,
          msg: `TemplateSyntaxError: ${err.message}\n  line 0`,
          exception: templateSyntaxTraceback(err.message),
        };
      else if (!err.code.startsWith('FLT_TEMPLATE_')) throw err;
      // the action's '%s: %s' % (type(e).__name__, e): a filter's own error is an
      // AnsibleFilterError, a type error the Templar's AnsibleError
      else if (
        err.code === 'FLT_TEMPLATE_FILTER' &&
        !err.message.startsWith('Unexpected templating type error')
      )
        reason = `AnsibleFilterError: ${err.message}`;
      else reason = `AnsibleError: ${err.message}`;
      return {
        changed: false,
        failed: true,
        msg: reason,
        exception: `Traceback (most recent call last):\nansible.errors.${reason}\n`,
      };
    }
    if (args.newline_sequence !== '\n') text = text.replace(/\n/g, args.newline_sequence as string);
    let dest = args.dest as string;
    const base = local.slice(local.lastIndexOf('/') + 1);
    const into = dest.endsWith('/');
    if (into) dest = `${dest.replace(/\/+$/, '')}/${base}`;
    return ensureContent(ctx, {
      dest,
      ifDirectory: into ? undefined : { into: base },
      content: textSource(text),
      // Ansible's diff names its local temp file of the rendered template.
      srcLabel: renderedTemplatePath(local),
      mode: args.mode,
      owner: args.owner as string | undefined,
      group: args.group as string | undefined,
      backup: args.backup as boolean,
      force: args.force as boolean,
      validate: args.validate as string | undefined,
    });
  },
};
