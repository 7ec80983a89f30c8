import type { Command } from './command.js';
import { DETECT_COMMAND } from './detect-command.js';
import { EMULATE_COMMAND } from './emulate-command.js';
import { IMPORT_COMMAND } from './import-command.js';
import { INFLUX_COMMAND } from './influx-command.js';
import { MQTT_COMMAND } from './mqtt-command.js';
import { PARSE_COMMAND } from './parse-command.js';
import { PORTS_COMMAND } from './ports-command.js';
import { RUN_COMMAND } from './run-command.js';
import { SERVE_COMMAND } from './serve-command.js';
import { WATCH_COMMAND } from './watch-command.js';

/** Every `p1` command by name, in the order `p1 --help` lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  watch: WATCH_COMMAND,
  influx: INFLUX_COMMAND,
  mqtt: MQTT_COMMAND,
  run: RUN_COMMAND,
  import: IMPORT_COMMAND,
  serve: SERVE_COMMAND,
  parse: PARSE_COMMAND,
  detect: DETECT_COMMAND,
  ports: PORTS_COMMAND,
  emulate: EMULATE_COMMAND,
};
