import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';
import { TextDecoder, TextEncoder } from 'util';
import { ReadableStream } from 'stream/web';

configure({ testIdAttribute: 'data-test' });

// jsdom lacks the streaming primitives the OLS client uses; Node provides the real ones.
Object.assign(globalThis, { TextEncoder, TextDecoder });
if (!('ReadableStream' in globalThis)) {
  Object.assign(globalThis, { ReadableStream });
}
