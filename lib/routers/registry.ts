import type { Driver, Vendor } from "./driver";
import { mikrotikDriver } from "./mikrotik";
import { openWrtDriver } from "./openwrt";

/**
 * vendor -> driver: the only switch on vendor anywhere (house-style.md). Partial until the openwrt driver
 * lands; then make it a full Record<Vendor, Driver> so a vendor without a driver fails to compile.
 */
const DRIVERS: Partial<Record<Vendor, Driver>> = {
  mikrotik: mikrotikDriver,
  openwrt: openWrtDriver,
};

export function getDriver(vendor: Vendor): Driver {
  const driver = DRIVERS[vendor];
  if (!driver) throw new Error(`no driver registered for ${vendor}`);
  return driver;
}
