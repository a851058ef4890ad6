/**
 * jsdom lacks the Fetch API (Response, Headers, Request); the OLS client tests need real Response
 * objects with streaming bodies. This environment lends Node's own implementations to jsdom.
 * Use with the docblock `@jest-environment ./src/lightspeed/testing/jsdomWithFetchEnvironment.ts`.
 */
import JSDOMEnvironment from 'jest-environment-jsdom';

export default class JsdomWithFetchEnvironment extends JSDOMEnvironment {
  constructor(...args: ConstructorParameters<typeof JSDOMEnvironment>) {
    super(...args);
    Object.assign(this.global, {
      Response,
      Request,
      Headers,
      ReadableStream,
      TextEncoder,
      TextDecoder,
    });
  }
}
