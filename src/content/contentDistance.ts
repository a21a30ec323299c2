/**
 * Distance of content shown in front of the camera (m): arm's length-ish, clear of the near plane.
 * Its own module so the entry chunk (print tracking's screen placement) can use it without the
 * lazy content chunk.
 */
export const CONTENT_DISTANCE_M = 1.5
