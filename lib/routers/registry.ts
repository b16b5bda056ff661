import type { Driver, Vendor } from "./driver";
import { mikrotikDriver } from "./mikrotik";
import { openWrtDriver } from "./openwrt";

/** vendor -> driver: the only switch on vendor anywhere (docs/architecture/drivers.md §2); a vendor without a driver fails to compile. */
const DRIVERS: Record<Vendor, Driver> = {
  mikrotik: mikrotikDriver,
  openwrt: openWrtDriver,
};

export function getDriver(vendor: Vendor): Driver {
  return DRIVERS[vendor];
}
