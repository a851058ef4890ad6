import { useDispatch } from 'react-redux';
import type { ChatAction } from '../hooks/lightspeedChatActions';

/** The one `dispatch` mock that `__mocks__/react-redux.ts` hands to every useDispatch() caller. */
export const chatDispatch = (): jest.Mock<void, [ChatAction]> =>
  (useDispatch as unknown as () => jest.Mock<void, [ChatAction]>)();
