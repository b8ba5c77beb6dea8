import { describe, expect, it } from "vitest";
import { similarityScore, textSimilarity } from "@/server/domain/reports/similarity-score";

const at = (distanceMeters: number, titleSimilarity = 0, extra: { descriptionSimilarity?: number | null; sameCategory?: boolean } = {}) => ({
  distanceMeters,
  titleSimilarity,
  descriptionSimilarity: extra.descriptionSimilarity ?? null,
  sameCategory: extra.sameCategory ?? false,
});

describe("similarityScore", () => {
  it("is 1 for the same title on the spot in the same category, and 0 for nothing alike at the radius's edge", () => {
    expect(similarityScore(at(0, 1, { sameCategory: true }), 200)).toBeCloseTo(1);
    expect(similarityScore(at(200, 0), 200)).toBe(0);
    expect(similarityScore(at(500, 0), 200)).toBe(0);
  });

  it("ranks nearer first when the texts are alike, and more alike first at the same distance", () => {
    expect(similarityScore(at(20, 0.6), 200)).toBeGreaterThan(similarityScore(at(150, 0.6), 200));
    expect(similarityScore(at(100, 0.9), 200)).toBeGreaterThan(similarityScore(at(100, 0.3), 200));
  });

  it("lets a much closer match in words beat a slightly nearer report with none", () => {
    expect(similarityScore(at(60, 0.8), 200)).toBeGreaterThan(similarityScore(at(20, 0), 200));
  });

  it("gives the same category a small boost", () => {
    const plain = similarityScore(at(100, 0.5), 200);
    expect(similarityScore(at(100, 0.5, { sameCategory: true }), 200) - plain).toBeCloseTo(0.1);
  });

  it("uses the descriptions' likeness, discounted, when closer than the titles'", () => {
    expect(textSimilarity(at(0, 0.2, { descriptionSimilarity: 0.9 }))).toBeCloseTo(0.72);
    expect(textSimilarity(at(0, 0.5, { descriptionSimilarity: 0.1 }))).toBe(0.5);
    expect(textSimilarity(at(0, 0.5))).toBe(0.5);
  });
});
