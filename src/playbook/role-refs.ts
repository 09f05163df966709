/**
 * Parses a play's `roles:` list: `- name`, `- role: name` / `- name: name` with parameters
 * (any key that is not a keyword) and `vars:` (kept in `keywords.vars`: Ansible ranks them apart).
 */

import { isScalar, isSeq } from 'yaml';
import { mergeMarked } from '../python/unsafe.js';
import { normaliseKeyword, normaliseTags } from './keyword-values.js';
import { ROLE_KEYWORDS } from './keywords.js';
import { entriesOf, entryValue } from './map-entries.js';
import type { RoleRef } from './model.js';
import { type FileContext, nodeOffset, resolveNode, toPlain, typeName } from './yaml-values.js';

function parseRoleEntry(ctx: FileContext, node: unknown, where: string): RoleRef | undefined {
  const offset = nodeOffset(resolveNode(ctx, node));
  const location = ctx.source.locate(offset);
  const entries = entriesOf(ctx, node);
  if (!entries) {
    const value = toPlain(ctx, node, where);
    if (typeof value === 'string' && value.trim() !== '')
      return { role: value.trim(), vars: {}, tags: [], location };
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: a role must be a name or a mapping with "role:", got ${typeName(value)}`,
      ctx.source,
      offset,
      'Write "- rolename" or "- role: rolename" with its vars indented below.',
    );
    return undefined;
  }
  const ref: RoleRef = { role: '', vars: {}, tags: [], location };
  const keywords: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const e of entries) {
    const value = entryValue(ctx, e, where);
    if (e.key === 'role' || (e.key === 'name' && !entries.some((x) => x.key === 'role'))) {
      ref.role = typeof value === 'string' ? value.trim() : '';
    } else if (e.key === 'vars') {
      // The entry's `vars:` are role vars; every other unknown key is a role parameter (ref.vars).
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        keywords.vars = value;
      } else if (value !== null) {
        ctx.diag.add(
          'FLT_PLAYBOOK_TYPE',
          `${where}: role "vars" must be a mapping, got ${typeName(value)}`,
          ctx.source,
          e.valueOffset,
          'Indent the role variables under "vars:" as key: value pairs.',
        );
      }
    } else if (e.key === 'tags') {
      ref.tags = normaliseTags(value) ?? [];
    } else if (e.key === 'when') {
      const when = normaliseKeyword('when', value);
      if ('value' in when) ref.when = when.value as unknown[];
      else
        ctx.diag.add(
          'FLT_PLAYBOOK_TYPE',
          `${where}: ${when.problem.message}`,
          ctx.source,
          e.valueOffset,
          when.problem.hint,
        );
    } else if (e.key === 'module_defaults') {
      const loaded = normaliseKeyword(e.key, value);
      if ('value' in loaded) keywords[e.key] = loaded.value;
      else
        ctx.diag.add('FLT_PLAYBOOK_TYPE', `${where}: ${loaded.problem.message}`, ctx.source, e.valueOffset);
    } else if (ROLE_KEYWORDS.has(e.key)) {
      if (e.key !== 'name') keywords[e.key] = value;
    } else {
      // Ansible treats any other key of a role entry as a role parameter.
      params[e.key] = value;
    }
  }
  if (ref.role === '') {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: role definitions must contain a role name`,
      ctx.source,
      offset,
      'Add "role: <name>" to this entry.',
    );
    return undefined;
  }
  // ref.vars: the entry's vars with its parameters over them (what older callers expect);
  // role-tree.ts tells the two apart again with keywords.vars.
  ref.vars = mergeMarked(keywords.vars as Record<string, unknown> | undefined, params);
  if (Object.keys(keywords).length > 0) ref.keywords = keywords;
  return ref;
}

/** The role references under a play's `roles:` key. */
export function parseRoleRefs(ctx: FileContext, node: unknown, where: string): RoleRef[] {
  const list = resolveNode(ctx, node);
  if (list === null || list === undefined || (isScalar(list) && list.value === null)) return [];
  if (!isSeq(list)) {
    ctx.diag.add(
      'FLT_PLAYBOOK_TYPE',
      `${where}: "roles" must be a list, got ${typeName(toPlain(ctx, list, where))}`,
      ctx.source,
      nodeOffset(list),
      'List each role as "- rolename" under "roles:".',
    );
    return [];
  }
  const refs: RoleRef[] = [];
  for (const item of list.items) {
    const ref = parseRoleEntry(ctx, item, where);
    if (ref) refs.push(ref);
  }
  return refs;
}
