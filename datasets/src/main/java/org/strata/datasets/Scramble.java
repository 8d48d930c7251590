package org.strata.datasets;

/**
 * A seeded bijection of {@code [0, size)} onto itself: a 4-round Feistel network over the smallest
 * even-bit square domain covering {@code size}, with cycle walking back into range. Used so that
 * identifiers and codes look random (and an index must cope with random keys) while staying unique.
 */
final class Scramble {
    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] roundKeys = new long[4];

    Scramble(long size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1: size=" + size);
        }
        this.size = size;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, size - 1));
        this.halfBits = Math.max(1, (bits + 1) / 2);
        this.halfMask = (1L << halfBits) - 1;
        long s = seed;
        for (int i = 0; i < roundKeys.length; i++) {
            s += 0x9E3779B97F4A7C15L;
            roundKeys[i] = mix64(s);
        }
    }

    /** The image of {@code index}; distinct indexes give distinct images. */
    long apply(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index must be 0.." + (size - 1) + ": index=" + index);
        }
        long x = index;
        do {
            x = permuteDomain(x);
        } while (x >= size); // cycle walking: a bijection of the domain restricted to [0, size)
        return x;
    }

    private long permuteDomain(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : roundKeys) {
            long next = left ^ (mix64(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** Stafford's variant 13 of the SplitMix64 finaliser: a good, cheap 64-bit mixer. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed for stream {@code index} of {@code seed}, e.g. one per practice. */
    static long streamSeed(long seed, long salt, long index) {
        return mix64(mix64(seed ^ salt) + (index + 1) * 0x9E3779B97F4A7C15L);
    }
}
