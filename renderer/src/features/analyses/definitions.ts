/*
 * What each figure means, shown on hover (docs/twin.md "Polarization analysis" and "Coulombic
 * efficiency and COD removal"), in the words of the docs' tables.
 */
export const definitions = {
  ocv: 'Open-circuit voltage: the voltage of the point nearest zero current (measured), else the ohmic line at I = 0 (extrapolated).',
  mpp: 'Maximum power point: the point of largest P = V I; its voltage, current and R_ext = V / I.',
  ohmicSlope:
    'Internal resistance from the ohmic slope: -dV/dI over the widest run of at least 3 points on one straight line (R² ≥ 0.998).',
  atMaximumPower:
    'Internal resistance as R_ext at P_max: the load that matches the internal resistance (Logan et al. 2006).',
  powerPerArea: 'Maximum power per projected anode area (W/m²).',
  powerPerVolume: 'Maximum power per anode liquid volume (W/m³).',
  currentPerArea: 'Largest current per projected anode area (A/m²).',
  currentPerVolume: 'Largest current per anode liquid volume (A/m³).',
  overshoot:
    'Overshoot: the power curve doubling back, after its largest current the current falls by more than 5 % while the load keeps falling.',
  charge: 'Charge the anode passed: the integral of I dt over the cycle (trapezoids), in coulombs.',
  codRemoved: 'COD removed: (COD in − COD out) × anode volume (batch), or the integral of flow × ΔCOD (continuous).',
  codRemoval: 'COD removal: ΔCOD / COD in.',
  coulombicEfficiency:
    'Coulombic efficiency: the charge passed against the charge the removed COD could give, 4 F per 32 g O₂ (CE = 8000 Q / (F V ΔCOD)).',
} as const

export type Definition = keyof typeof definitions
