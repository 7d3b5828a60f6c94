/**
 * Records that layers on both sides of the database pass around: the repositories store them,
 * services cache them, the wire format (src/render) and the compute workers embed them. Defined
 * here, below every layer, so renderers and workers need not import the data-access layer.
 */

/** A person rotations name (spec §2), as stored. */
export interface Person {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  timeZone: string | null;
  createdAt: number;
  updatedAt: number;
}
