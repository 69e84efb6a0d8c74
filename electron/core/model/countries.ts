/**
 * Nationality codes as athletics writes them (IOC / World Athletics three-letter codes: `NOR`,
 * `GER`, `SUI`) to the ISO 3166-1 alpha-2 code that names a flag file (`no`, `de`, `ch`). A few
 * ISO alpha-3 codes that differ from the IOC code (`DEU`, `CHE`, `NLD`) are accepted too, since
 * some entry systems write those. Unknown codes have no flag; the code is still shown.
 */
const IOC_TO_ISO2 =
  'AFG af ALB al ALG dz AND ad ANG ao ANT ag ARG ar ARM am ARU aw ASA as AUS au AUT at AZE az ' +
  'BAH bs BAN bd BAR bb BDI bi BEL be BEN bj BER bm BHU bt BIH ba BIZ bz BLR by BOL bo BOT bw BRA br ' +
  'BRN bh BRU bn BUL bg BUR bf CAF cf CAM kh CAN ca CAY ky CGO cg CHA td CHI cl CHN cn CIV ci CMR cm ' +
  'COD cd COK ck COL co COM km CPV cv CRC cr CRO hr CUB cu CYP cy CZE cz DEN dk DJI dj DMA dm DOM do ' +
  'ECU ec EGY eg ERI er ESA sv ESP es EST ee ETH et FIJ fj FIN fi FRA fr FSM fm GAB ga GAM gm GBR gb ' +
  'GBS gw GEO ge GEQ gq GER de GHA gh GIB gi GRE gr GRN gd GUA gt GUI gn GUM gu GUY gy HAI ht HKG hk ' +
  'HON hn HUN hu INA id IND in IRI ir IRL ie IRQ iq ISL is ISR il ISV vi ITA it IVB vg JAM jm JOR jo ' +
  'JPN jp KAZ kz KEN ke KGZ kg KIR ki KOR kr KOS xk KSA sa KUW kw LAO la LAT lv LBA ly LBN lb LBR lr ' +
  'LCA lc LES ls LIE li LTU lt LUX lu MAD mg MAR ma MAS my MAW mw MDA md MDV mv MEX mx MGL mn MHL mh ' +
  'MKD mk MLI ml MLT mt MNE me MON mc MOZ mz MRI mu MTN mr MYA mm NAM na NCA ni NED nl NEP np NGR ng ' +
  'NIG ne NOR no NRU nr NZL nz OMA om PAK pk PAN pa PAR py PER pe PHI ph PLE ps PLW pw PNG pg POL pl ' +
  'POR pt PRK kp PUR pr QAT qa ROU ro RSA za RUS ru RWA rw SAM ws SEN sn SEY sc SGP sg SKN kn SLE sl ' +
  'SLO si SMR sm SOL sb SOM so SRB rs SRI lk SSD ss STP st SUD sd SUI ch SUR sr SVK sk SWE se SWZ sz ' +
  'SYR sy TAN tz TGA to THA th TJK tj TKM tm TLS tl TOG tg TPE tw TTO tt TUN tn TUR tr TUV tv UAE ae ' +
  'UGA ug UKR ua URU uy USA us UZB uz VAN vu VEN ve VIE vn VIN vc YEM ye ZAM zm ZIM zw ' +
  // ISO alpha-3 where it differs from the IOC code.
  'DEU de CHE ch NLD nl DNK dk PRT pt GRC gr HRV hr SVN si LVA lv BGR bg ZAF za IRN ir IDN id MYS my ' +
  'PHL ph VNM vn TWN tw SAU sa ARE ae CHL cl NGA ng NER ne PRY py URY uy GTM gt SLV sv HND hn NIC ni ' +
  'CRI cr MNG mn KHM kh LKA lk MDG mg MUS mu MWI mw ZMB zm ZWE zw TZA tz SDN sd LBY ly DZA dz TCD td ' +
  'BGD bd BTN bt BHS bs BRB bb BWA bw GMB gm GIN gn GNQ gq GRD gd HTI ht KWT kw LSO ls MLI ml ' +
  'OMN om TON to VUT vu ABW aw ATG ag CYM ky PSE ps BFA bf CAF cf COG cg';

const TABLE: ReadonlyMap<string, string> = (() => {
  const parts = IOC_TO_ISO2.trim().split(/\s+/);
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) map.set(parts[i]!, parts[i + 1]!);
  return map;
})();

/** Every flag code this table can name, for checking the shipped flag set covers it. */
export const FLAG_CODES: readonly string[] = [...new Set(TABLE.values())];

/** The nationality as shown on air: upper case, letters only, or null. */
export function countryCode(nationality: string | null | undefined): string | null {
  const code = (nationality ?? '').trim().toUpperCase();
  return /^[A-Z]{2,3}$/.test(code) ? code : null;
}

/** The flag file's code for a nationality, or null when it has no flag we know. */
export function flagCode(nationality: string | null | undefined): string | null {
  const code = countryCode(nationality);
  if (!code) return null;
  if (code.length === 2) return FLAG_CODES.includes(code.toLowerCase()) ? code.toLowerCase() : null;
  return TABLE.get(code) ?? null;
}
