import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTransform, describeFixturePairs } from '../helpers/fixture-pairs.js';
import * as wrapSpans from '../../transforms/wrap-spans.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'wrap-spans');

describeFixturePairs(fixtures, wrapSpans);
