import { describe, expect, it } from 'vitest';
import { mbusDevice, meterDevice } from './device-info.js';
import { configTopic, discoveryConfig, type TopicLayout } from './discovery.js';
import { FIXTURES, fixture } from './fixtures.test-helper.js';
import { readingValues } from './reading-values.js';
import { ENERGY_RULES } from './energy-rules.test-helper.js';

const LAYOUT: TopicLayout = { prefix: 'homeassistant', meterTopic: 'p1/M1', node: 'p1_M1', qos: 1 };


function configsOf(name: string): Record<string, unknown>[] {
  const { reading, profile } = fixture(name);
  return readingValues(reading).values.map((v) => {
    const device = v.channel === null ? meterDevice(reading, LAYOUT.node, profile, true) : mbusDevice(reading.mbus.find((d) => d.channel === v.channel)!, LAYOUT.node, true);
    return discoveryConfig(LAYOUT, v, device);
  });
}

describe('discoveryConfig', () => {
  it('gives every sensor of every fixture the keys Home Assistant needs, with Energy-dashboard classes and units', () => {
    for (const { name } of FIXTURES) {
      const configs = configsOf(name);
      const ids = configs.map((c) => c.unique_id);
      expect(new Set(ids).size, name).toBe(ids.length);
      for (const c of configs) {
        expect(c, name).toMatchObject({ name: expect.any(String), unique_id: expect.stringMatching(/^p1_M1_[A-Za-z0-9_-]+$/), state_topic: expect.stringMatching(/^p1\/M1\//) });
        expect(c.availability_topic).toBe('p1/M1/status');
        expect((c.device as { identifiers: string[] }).identifiers[0]).toMatch(/^p1_M1/);
        const rule = ENERGY_RULES[c.device_class as string];
        if (rule !== undefined) {
          expect(c.state_class, `${name} ${String(c.unique_id)}`).toBe(rule.stateClass);
          expect(rule.units, `${name} ${String(c.unique_id)}`).toContain(c.unit_of_measurement);
        }
        if (c.device_class === 'enum') {
          expect(c).not.toHaveProperty('unit_of_measurement');
          expect(c).not.toHaveProperty('state_class');
          expect(c.options).toEqual(['1', '2']);
        }
        if (c.device_class === 'timestamp') expect(c).not.toHaveProperty('state_class');
      }
    }
  });

  it('announces gas and water in m³ with their own classes, and counters and the tariff as diagnostic', () => {
    const configs = configsOf('emucs17-fluvius-capacity-13-months');
    const find = (id: string) => configs.find((c) => c.unique_id === `p1_M1_${id}`)!;
    expect(find('gas_1')).toMatchObject({ device_class: 'gas', state_class: 'total_increasing', unit_of_measurement: 'm³', state_topic: 'p1/M1/gas/1' });
    expect(find('water_2')).toMatchObject({ device_class: 'water', state_class: 'total_increasing', unit_of_measurement: 'm³' });
    expect(find('water_2').device).toMatchObject({ identifiers: ['p1_M1_mbus2'], name: 'Water meter', via_device: 'p1_M1' });
    expect(find('electricity_tariff')).toMatchObject({ device_class: 'enum', entity_category: 'diagnostic' });
    const dsmr5 = configsOf('dsmr5-iskra-am550-three-phase');
    expect(dsmr5.find((c) => c.unique_id === 'p1_M1_electricity_power_failures')).toMatchObject({ state_class: 'total_increasing', entity_category: 'diagnostic' });
    expect(dsmr5.find((c) => c.unique_id === 'p1_M1_electricity_received_tariff1')).not.toHaveProperty('entity_category');
  });

  it('puts each config under <prefix>/sensor/<node>/<object id>/config', () => {
    expect(configTopic(LAYOUT, { objectId: 'gas_1' })).toBe('homeassistant/sensor/p1_M1/gas_1/config');
  });
});

describe('meterDevice', () => {
  it("takes manufacturer and model from core's meter catalogue, and the standard's version", () => {
    const am550 = fixture('dsmr5-iskra-am550-three-phase');
    expect(meterDevice(am550.reading, 'p1_x', am550.profile, false)).toEqual({ identifiers: ['p1_x'], name: 'Electricity meter', manufacturer: 'Iskra', model: 'AM 550', sw_version: 'DSMR 5.0' });
    const sagemcom = fixture('dsmr5-sagemcom-t210-d-text-split-three-lines');
    expect(meterDevice(sagemcom.reading, 'p1_x', sagemcom.profile, false)).toMatchObject({ manufacturer: 'Sagemcom', model: 'T210-D ESMR5' });
    // Several Kaifa models send /KFM5: the brand is known, the model is the identification line.
    const kaifa = fixture('dsmr422-kaifa-ma304c-three-phase');
    expect(meterDevice(kaifa.reading, 'p1_x', kaifa.profile, false)).toMatchObject({ manufacturer: 'Kaifa', model: 'KFM5KAIFA-METER', sw_version: 'DSMR 4.2' });
    const be = fixture('emucs17-fluvius-capacity-13-months');
    expect(meterDevice(be.reading, 'p1_x', be.profile, false)).toMatchObject({ manufacturer: 'Siconia (Sagemcom)', model: 'S211', sw_version: 'eMUCs (Belgium) 1.4 / 1.7+ (50217)' });
    const dsmr22 = fixture('dsmr22-iskra-mt382');
    expect(meterDevice(dsmr22.reading, 'p1_x', dsmr22.profile, false)).toMatchObject({ manufacturer: 'Iskra', model: 'ISk5\\2MT382-1000', sw_version: 'DSMR 2.2' });
  });

  it('names a Swedish meter by its own standard, not as a Dutch DSMR 4 one', () => {
    const aidon = fixture('se-aidon-6534-reactive-per-phase');
    expect(meterDevice(aidon.reading, 'p1_x', aidon.profile, false)).toEqual({ identifiers: ['p1_x'], name: 'Electricity meter', manufacturer: 'Aidon', model: '6534', sw_version: 'Sweden (Branschrekommendation H1)' });
    const e360 = fixture('se-landis-gyr-e360-lgf5');
    expect(meterDevice(e360.reading, 'p1_x', e360.profile, false)).toMatchObject({ manufacturer: 'Landis + Gyr', model: 'E360 (Sweden)' });
  });

  it('shows the serial number only when ids are not hidden', () => {
    const { reading, profile } = fixture('dsmr5-iskra-am550-three-phase');
    expect(meterDevice(reading, 'p1_x', profile, true).serial_number).toMatch(/^[ -~]+$/);
    expect(meterDevice(reading, 'p1_x', profile, false)).not.toHaveProperty('serial_number');
  });
});
