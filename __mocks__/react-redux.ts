/**
 * react-redux is a console shared module: plugins dispatch into the console's store. Tests assert
 * on the one shared `dispatch` mock.
 */
export const dispatch = jest.fn();
export const useDispatch = jest.fn(() => dispatch);
export const useSelector = jest.fn();
