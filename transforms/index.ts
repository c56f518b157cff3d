/** The transform registry: the CLI's commands and help, `check`, and the docs derive from this one list. */
import type { CodemodModule } from '../src/codemod/types.js';
import * as injectPropagation from './inject-propagation.js';
import * as migrateSdk2 from './migrate-sdk-2.js';
import * as pinoMixin from './pino-mixin.js';
import * as semconv from './semconv.js';
import * as wrapSpans from './wrap-spans.js';

export const codemods: readonly CodemodModule[] = [wrapSpans, injectPropagation, pinoMixin, migrateSdk2, semconv];
