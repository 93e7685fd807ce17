// The launch form (state/form.ts), drawn in place of the table.
import { Box, Text } from 'ink';
import { displayText } from '../../host/display-text.js';
import { FIELD_LABELS, FIELD_ORDER, NS_CHOICES, type FormState } from '../state/form.js';

type Props = { form: FormState; width: number; height: number; color: boolean };

export function LaunchForm({ form, width, height, color }: Props) {
  const f = form.fields;
  const value = (id: (typeof FIELD_ORDER)[number]): string => {
    if (id === 'attach') return f.attach ? '[attach: the screen goes to the container]  detach' : 'attach  [detach: runs in the background]';
    if (id === 'ns') return '';
    const v = f[id];
    if (id === 'net' && v === '') return '(none|bridge|host|container:NAME; empty: the net toggle)';
    // typed or pasted: a pasted tab or escape is shown, not sent to the terminal
    return id === 'rootfs' && v === '' ? '(none: host files, private /proc)' : displayText(v);
  };
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      <Text bold>{' New container'}</Text>
      {FIELD_ORDER.map((id, i) => {
        const on = i === form.focus;
        return (
          <Box key={id}>
            <Text inverse={on && color} bold={on}>{`${on ? '>' : ' '} ${FIELD_LABELS[id].padEnd(14)}`}</Text>
            {id === 'ns' ? (
              <Text>
                {NS_CHOICES.map((k, j) => {
                  const mark = f.ns.includes(k) ? '[x]' : '[ ]';
                  const cur = on && j === form.nsCursor;
                  return <Text key={k} inverse={cur}>{` ${mark} ${k}`}</Text>;
                })}
              </Text>
            ) : (
              <Text>{` ${value(id)}${on && id !== 'attach' ? '_' : ''}`}</Text>
            )}
          </Box>
        );
      })}
      <Text dimColor>{'  Up/Down/Tab move  type to edit  Left/Right+Space toggle  Enter launch  Esc cancel'}</Text>
    </Box>
  );
}
