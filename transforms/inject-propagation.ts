// PLACEHOLDER: being implemented; replaced wholesale by the transform's author.
import type { Transform } from 'jscodeshift';
import type { CodemodMeta } from '../src/codemod/types.js';

export const meta: CodemodMeta = {
  name: 'inject-propagation',
  description: 'TODO',
  options: [],
  mayContainTarget: () => false,
};

const transform: Transform = () => undefined;
export default transform;
