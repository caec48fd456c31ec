import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GuestFlag, guestFlagNames, riskFlagBits, riskFlagBitsWith } from "../../src/domain/risk.ts";

/**
 * The flag bits ingest stores on a guest (riskFlagBits) and the bit patterns the risk_flag / in_ring
 * filters seek (riskFlagBitsWith), against a reference model: the flags as a set.
 */

const flagSet = fc.subarray([...guestFlagNames]);

/** The flags a stored value stands for: the reference's way back from bits. */
const flagsOf = (bits: number): GuestFlag[] => guestFlagNames.filter((_, i) => (bits & (1 << i)) !== 0);

describe("risk flag bits", () => {
  it("when any set of flags is encoded, then decoding the bits gives the same set, and each set its own value", () => {
    fc.assert(
      fc.property(flagSet, (flags) => {
        expect(flagsOf(riskFlagBits(flags))).toEqual(flags);
        expect(riskFlagBits(flags)).toBeLessThan(1 << guestFlagNames.length);
      }),
    );
  });

  it("when patterns are asked for required and forbidden flags, then exactly the sets with every required and no forbidden one are given", () => {
    fc.assert(
      fc.property(flagSet, flagSet, (required, forbidden) => {
        const asked = new Set(riskFlagBitsWith(required, forbidden));

        for (let bits = 0; bits < 1 << guestFlagNames.length; bits++) {
          const flags = flagsOf(bits);
          const wanted =
            required.every((f) => flags.includes(f)) && !forbidden.some((f) => flags.includes(f));
          expect(asked.has(bits), `${flags} for +${required} -${forbidden}`).toBe(wanted);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("when one flag is asked for, then 256 patterns are sought; when none, all 512", () => {
    expect(riskFlagBitsWith(["card_testing"], [])).toHaveLength(256);
    expect(riskFlagBitsWith([], [])).toHaveLength(512);
  });
});
