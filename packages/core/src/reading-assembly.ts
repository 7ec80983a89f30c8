// Generated from the reading's tree (reading-shape.ts, from cosem-catalogue.ts) by assembly-source.ts:
// do not edit. Regenerate with `pnpm --filter @p1/core generate`.
/* eslint-disable */
import type { Reading } from './reading.js';
import type { Leaves } from './reading-shape.js';

// The reading leaves `l` make. Each part is the previous reading's (`p`, the meter's last) when all its values are
// the very same, else a new frozen object: a reading only allocates what changed since the meter's last telegram.
function assembleTextMessage(l: readonly any[], p: any): any {
  const codes = l[4];
  const message = l[5];
  if (p !== undefined && p.codes === codes && p.message === message) return p;
  return Object.freeze({ codes, message });
}

function assembleElectricityReceived(l: readonly any[], p: any): any {
  const tariff1 = l[6];
  const tariff2 = l[7];
  const actual = l[8];
  const total = l[9];
  if (p !== undefined && p.tariff1 === tariff1 && p.tariff2 === tariff2 && p.actual === actual && p.total === total) return p;
  return Object.freeze({ tariff1, tariff2, actual, total });
}

function assembleElectricityDelivered(l: readonly any[], p: any): any {
  const tariff1 = l[10];
  const tariff2 = l[11];
  const actual = l[12];
  const total = l[13];
  if (p !== undefined && p.tariff1 === tariff1 && p.tariff2 === tariff2 && p.actual === actual && p.total === total) return p;
  return Object.freeze({ tariff1, tariff2, actual, total });
}

function assembleElectricityReactiveReceived(l: readonly any[], p: any): any {
  const total = l[14];
  const actual = l[15];
  if (p !== undefined && p.total === total && p.actual === actual) return p;
  return Object.freeze({ total, actual });
}

function assembleElectricityReactiveDelivered(l: readonly any[], p: any): any {
  const total = l[16];
  const actual = l[17];
  if (p !== undefined && p.total === total && p.actual === actual) return p;
  return Object.freeze({ total, actual });
}

function assembleElectricityReactive(l: readonly any[], p: any): any {
  const received = assembleElectricityReactiveReceived(l, p?.received);
  const delivered = assembleElectricityReactiveDelivered(l, p?.delivered);
  if (p !== undefined && p.received === received && p.delivered === delivered) return p;
  return Object.freeze({ received, delivered });
}

function assembleElectricityVoltageSags(l: readonly any[], p: any): any {
  const L1 = l[25];
  const L2 = l[26];
  const L3 = l[27];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityVoltageSwell(l: readonly any[], p: any): any {
  const L1 = l[28];
  const L2 = l[29];
  const L3 = l[30];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousCurrent(l: readonly any[], p: any): any {
  const L1 = l[31];
  const L2 = l[32];
  const L3 = l[33];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousVoltage(l: readonly any[], p: any): any {
  const L1 = l[34];
  const L2 = l[35];
  const L3 = l[36];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousPowerPositive(l: readonly any[], p: any): any {
  const L1 = l[37];
  const L2 = l[38];
  const L3 = l[39];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousPowerNegative(l: readonly any[], p: any): any {
  const L1 = l[40];
  const L2 = l[41];
  const L3 = l[42];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousPower(l: readonly any[], p: any): any {
  const positive = assembleElectricityInstantaneousPowerPositive(l, p?.positive);
  const negative = assembleElectricityInstantaneousPowerNegative(l, p?.negative);
  if (p !== undefined && p.positive === positive && p.negative === negative) return p;
  return Object.freeze({ positive, negative });
}

function assembleElectricityInstantaneousReactivePowerPositive(l: readonly any[], p: any): any {
  const L1 = l[43];
  const L2 = l[44];
  const L3 = l[45];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousReactivePowerNegative(l: readonly any[], p: any): any {
  const L1 = l[46];
  const L2 = l[47];
  const L3 = l[48];
  if (p !== undefined && p.L1 === L1 && p.L2 === L2 && p.L3 === L3) return p;
  return Object.freeze({ L1, L2, L3 });
}

function assembleElectricityInstantaneousReactivePower(l: readonly any[], p: any): any {
  const positive = assembleElectricityInstantaneousReactivePowerPositive(l, p?.positive);
  const negative = assembleElectricityInstantaneousReactivePowerNegative(l, p?.negative);
  if (p !== undefined && p.positive === positive && p.negative === negative) return p;
  return Object.freeze({ positive, negative });
}

function assembleElectricityInstantaneous(l: readonly any[], p: any): any {
  const current = assembleElectricityInstantaneousCurrent(l, p?.current);
  const voltage = assembleElectricityInstantaneousVoltage(l, p?.voltage);
  const power = assembleElectricityInstantaneousPower(l, p?.power);
  const reactivePower = assembleElectricityInstantaneousReactivePower(l, p?.reactivePower);
  if (p !== undefined && p.current === current && p.voltage === voltage && p.power === power && p.reactivePower === reactivePower) return p;
  return Object.freeze({ current, voltage, power, reactivePower });
}

function assembleElectricityDemandPositiveActiveDemand(l: readonly any[], p: any): any {
  const currentDemandPeriod = l[49];
  const maximumDemand = l[50];
  if (p !== undefined && p.currentDemandPeriod === currentDemandPeriod && p.maximumDemand === maximumDemand) return p;
  return Object.freeze({ currentDemandPeriod, maximumDemand });
}

function assembleElectricityDemandNegativeActiveDemand(l: readonly any[], p: any): any {
  const currentDemandPeriod = l[51];
  const maximumDemand = l[52];
  if (p !== undefined && p.currentDemandPeriod === currentDemandPeriod && p.maximumDemand === maximumDemand) return p;
  return Object.freeze({ currentDemandPeriod, maximumDemand });
}

function assembleElectricityDemand(l: readonly any[], p: any): any {
  const positiveActiveDemand = assembleElectricityDemandPositiveActiveDemand(l, p?.positiveActiveDemand);
  const negativeActiveDemand = assembleElectricityDemandNegativeActiveDemand(l, p?.negativeActiveDemand);
  const maximumDemandLastMonths = l[53];
  if (p !== undefined && p.positiveActiveDemand === positiveActiveDemand && p.negativeActiveDemand === negativeActiveDemand && p.maximumDemandLastMonths === maximumDemandLastMonths) return p;
  return Object.freeze({ positiveActiveDemand, negativeActiveDemand, maximumDemandLastMonths });
}

function assembleElectricity(l: readonly any[], p: any): any {
  const received = assembleElectricityReceived(l, p?.received);
  const delivered = assembleElectricityDelivered(l, p?.delivered);
  const reactive = assembleElectricityReactive(l, p?.reactive);
  const tariffIndicator = l[18];
  const threshold = l[19];
  const fuseThreshold = l[20];
  const switchPosition = l[21];
  const numberOfPowerFailures = l[22];
  const numberOfLongPowerFailures = l[23];
  const longPowerFailureLog = l[24];
  const voltageSags = assembleElectricityVoltageSags(l, p?.voltageSags);
  const voltageSwell = assembleElectricityVoltageSwell(l, p?.voltageSwell);
  const instantaneous = assembleElectricityInstantaneous(l, p?.instantaneous);
  const demand = assembleElectricityDemand(l, p?.demand);
  if (p !== undefined && p.received === received && p.delivered === delivered && p.reactive === reactive && p.tariffIndicator === tariffIndicator && p.threshold === threshold && p.fuseThreshold === fuseThreshold && p.switchPosition === switchPosition && p.numberOfPowerFailures === numberOfPowerFailures && p.numberOfLongPowerFailures === numberOfLongPowerFailures && p.longPowerFailureLog === longPowerFailureLog && p.voltageSags === voltageSags && p.voltageSwell === voltageSwell && p.instantaneous === instantaneous && p.demand === demand) return p;
  return Object.freeze({ received, delivered, reactive, tariffIndicator, threshold, fuseThreshold, switchPosition, numberOfPowerFailures, numberOfLongPowerFailures, longPowerFailureLog, voltageSags, voltageSwell, instantaneous, demand });
}

export function assembleReading(l: readonly any[], p?: Reading): Reading {
  const meterType = l[0];
  const version = l[1];
  const timestamp = l[2];
  const equipmentId = l[3];
  const textMessage = assembleTextMessage(l, p?.textMessage);
  const electricity = assembleElectricity(l, p?.electricity);
  const gas = l[54];
  const mbus = l[55];
  if (p !== undefined && p.meterType === meterType && p.version === version && p.timestamp === timestamp && p.equipmentId === equipmentId && p.textMessage === textMessage && p.electricity === electricity && p.gas === gas && p.mbus === mbus) return p;
  return Object.freeze({ meterType, version, timestamp, equipmentId, textMessage, electricity, gas, mbus });
}
