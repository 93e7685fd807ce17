// The mouse, pure: SGR reports decode to mouse keys (never to typed characters), and a
// cell maps to what the frame drew there (tab, column title, row, F-key label, wheel).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTAINER_COLUMNS, fitColumns } from '../../src/ui/columns.js';
import { fkeySpans } from '../../src/ui/components/fkey-bar.js';
import { decodeKeys } from '../../src/ui/key-decode.js';
import { columnAt, hitTest, parseMouseKey, spansOf, type ScreenMap } from '../../src/ui/mouse.js';

test('SGR reports decode to mouse keys, in order with the keys around them; other CSIs vanish whole', () => {
  assert.deepEqual(decodeKeys('\u001b[<0;10;5Mq\u001b[<0;10;5m'), ['mouse:0:10:5:M', 'q', 'mouse:0:10:5:m']);
  assert.deepEqual(decodeKeys('\u001b[<65;200;40M'), ['mouse:65:200:40:M']);
  // an X10 report or a focus event must not type "[<" or "I" into a field
  assert.deepEqual(decodeKeys('\u001b[I\u001b[?1;2c'), []);
  assert.deepEqual(parseMouseKey('mouse:0:10:5:M'), { button: 0, x: 9, y: 4, press: true });
  assert.equal(parseMouseKey('q'), undefined);
});

const columns = fitColumns(CONTAINER_COLUMNS, 159);
const map: ScreenMap = {
  tabsY: 3,
  tabs: spansOf([{ text: ' 1 Containers 4 ', value: 'containers' as const, gap: 1 }, { text: ' 2 Namespaces 9 ', value: 'namespaces' as const, gap: 1 }, { text: ' 3 Processes 99 ', value: 'processes' as const, gap: 1 }]),
  tableY: 4,
  body: 30,
  scroll: 10,
  rowCount: 50,
  columns,
  fkeysY: 44,
  fkeys: fkeySpans(160),
};
const press = (x: number, y: number, button = 0) => ({ button, x, y, press: true });

test('a click on a tab, a column title, a row, an F-key; the wheel; releases and motion are nothing', () => {
  assert.deepEqual(hitTest(map, press(20, 3)), { kind: 'tab', view: 'namespaces' });
  assert.deepEqual(hitTest(map, press(0, 3)), { kind: 'tab', view: 'containers' });
  assert.deepEqual(hitTest(map, press(1, 4)), { kind: 'sort', id: 'name' });
  // the row on the first body line is the first row shown (scroll 10)
  assert.deepEqual(hitTest(map, press(5, 5)), { kind: 'row', index: 10 });
  assert.deepEqual(hitTest(map, press(5, 34)), { kind: 'row', index: 39 });
  assert.deepEqual(hitTest(map, press(0, 44)), { kind: 'key', key: 'f1' });
  assert.deepEqual(hitTest(map, press(map.fkeys.find((s) => s.value === 'f10')!.from + 3, 44)), { kind: 'key', key: 'f10' });
  assert.deepEqual(hitTest(map, press(5, 5, 65)), { kind: 'wheel', dir: 1 });
  assert.deepEqual(hitTest(map, press(5, 5, 64)), { kind: 'wheel', dir: -1 });
  assert.deepEqual(hitTest(map, { button: 0, x: 5, y: 5, press: false }), { kind: 'none' });
  assert.deepEqual(hitTest(map, press(5, 5, 32)), { kind: 'none' }, 'motion');
  assert.deepEqual(hitTest(map, press(5, 5, 2)), { kind: 'none' }, 'the right button');
  assert.deepEqual(hitTest(map, press(5, 1)), { kind: 'none' }, 'the header');
});

test('column x positions: a tag cell, then each column and the space after it', () => {
  const w0 = columns[0]!.width;
  assert.equal(columnAt(columns, 0), undefined);
  assert.equal(columnAt(columns, 1), columns[0]!.col.id);
  assert.equal(columnAt(columns, w0 + 1), columns[0]!.col.id, 'the space after a column');
  assert.equal(columnAt(columns, w0 + 2), columns[1]!.col.id);
});
