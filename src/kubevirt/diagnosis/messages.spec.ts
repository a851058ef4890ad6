import { msg, renderMessage } from './messages';

describe('renderMessage', () => {
  it('fills placeholders, spaces inside braces allowed', () => {
    expect(
      renderMessage(
        msg('Pod {{pod}} on {{ node }}: {{count}} restarts', { pod: 'p', node: 'n', count: 3 }),
      ),
    ).toBe('Pod p on n: 3 restarts');
  });
  it('keeps an unknown placeholder and does not re-expand parameter text', () => {
    expect(renderMessage(msg('{{a}} and {{b}}', { a: '{{b}}' }))).toBe('{{b}} and {{b}}');
  });
  it('a template without parameters is returned as is', () => {
    expect(msg('No parameters')).toEqual({ template: 'No parameters' });
    expect(renderMessage(msg('No parameters'))).toBe('No parameters');
  });
});
