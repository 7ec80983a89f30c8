import { MockBinding } from '@serialport/binding-mock';
import type { BindingInterface } from '@serialport/bindings-interface';
import { createEmulatorBinding } from '@p1/emulator';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { listPorts } from './list-ports.js';
import type { SerialBinding } from './serial-binding.js';

describe('SerialBinding', () => {
  it("is what serialport's, the mock's and the emulator's bindings are (checked by tsc)", () => {
    expectTypeOf<BindingInterface>().toMatchTypeOf<SerialBinding>();
    expectTypeOf(MockBinding).toMatchTypeOf<SerialBinding>();
    expectTypeOf(createEmulatorBinding()).toMatchTypeOf<SerialBinding>();
  });

  it("listPorts asks the given binding's list()", async () => {
    const binding = createEmulatorBinding({ paths: ['/dev/p1-test-binding'] });
    const ports = await listPorts({ binding, devDir: '/nonexistent-p1-dev' });
    expect(ports.map((p) => p.path)).toContain('/dev/p1-test-binding');
  });
});
