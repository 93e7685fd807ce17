// htop's bottom line, generated from the keymap table.
import { Text } from 'ink';
import { KEYMAP } from '../keymap.js';

export function FKeyBar({ width, color, extra }: { width: number; color: boolean; extra?: string }) {
  const items = KEYMAP.filter((b) => b.bar).map((b) => b.bar!);
  return (
    <Text wrap="truncate">
      {items.map((b) => (
        <Text key={b.key}>
          <Text inverse={!color} color={color ? 'black' : undefined} backgroundColor={color ? 'cyan' : undefined}>{b.key}</Text>
          <Text>{b.label.padEnd(7)}</Text>
        </Text>
      ))}
      <Text>{` Tab/1-3 views  Enter drill  ${extra ?? ''}`.slice(0, Math.max(0, width - items.length * 10))}</Text>
    </Text>
  );
}
