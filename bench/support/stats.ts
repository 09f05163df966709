/** The middle value (the upper one of an even count), as every bench here reports. */
export const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
};
