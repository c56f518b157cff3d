// PLACEHOLDER: being implemented; replaced wholesale by the rule's author.
import { createRule } from '../src/util/create-rule.js';

export default createRule({
  name: 'record-span-errors',
  meta: {
    type: 'problem',
    docs: { description: 'TODO', recommended: true },
    messages: { todo: 'todo' },
    schema: [],
  },
  defaultOptions: [],
  create() {
    return {};
  },
});
