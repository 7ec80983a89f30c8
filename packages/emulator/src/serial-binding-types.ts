// serialport's binding contract (`@serialport/bindings-interface`), as much of it as the emulated port implements.
// Declared here because that package gives TypeScript no types through its `exports` map: a consumer with
// `moduleResolution: nodenext` and `skipLibCheck: false` could not resolve our `.d.ts` (TS7016). A test checks at
// compile time that the emulator's binding is a `BindingInterface`.

/** `open()` options of a serialport binding. */
export interface PortOpenOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  lock?: boolean;
  stopBits?: 1 | 1.5 | 2;
  parity?: string;
  rtscts?: boolean;
  xon?: boolean;
  xoff?: boolean;
  xany?: boolean;
  hupcl?: boolean;
}

/** What `list()` says of a port. */
export interface PortInfo {
  path: string;
  manufacturer: string | undefined;
  serialNumber: string | undefined;
  pnpId: string | undefined;
  locationId: string | undefined;
  productId: string | undefined;
  vendorId: string | undefined;
}

/** Control flags a port can set (`set()`); a P1 port ignores them. */
export interface PortSetOptions {
  brk?: boolean;
  cts?: boolean;
  dsr?: boolean;
  dtr?: boolean;
  rts?: boolean;
}

/** Control flags a port reports (`get()`). */
export interface PortStatus {
  cts: boolean;
  dsr: boolean;
  dcd: boolean;
}

/** A serialport binding whose ports are of type `Port`. */
export interface SerialPortBinding<Port> {
  list(): Promise<PortInfo[]>;
  open(options: PortOpenOptions): Promise<Port>;
}
