/**
 * A serialport binding: serialport's native one, `@serialport/binding-mock`'s, or `@p1/emulator`'s. Declared here by
 * the two calls p1 makes, because `@serialport/bindings-interface` gives TypeScript no types through its `exports`
 * map: a consumer with `moduleResolution: nodenext` and `skipLibCheck: false` could not resolve our `.d.ts` (TS7016).
 * Every `BindingInterface` is one (a test checks that at compile time).
 */
export interface SerialBinding {
  list(): Promise<readonly SerialBindingPortInfo[]>;
  open(options: { path: string; baudRate: number }): Promise<object>;
}

/** What a binding's `list()` says of a port (serialport's `PortInfo`). */
export interface SerialBindingPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  productId?: string | undefined;
  vendorId?: string | undefined;
}
