import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DrugWithConcentration, statedConcentration } from './DrugWithConcentration';

describe('drug and concentration on a printout', () => {
  it('finds the strength a library name states, with or without thousands separators', () => {
    expect(statedConcentration('Lioresal Intrathecal 500 mcg/mL', 500)).toEqual({ start: 21, end: 31 });
    expect(statedConcentration('Lioresal Intrathecal 1000 mcg/mL (diluted)', 1000)).not.toBeNull();
    expect(statedConcentration('Baclofen 2,000 mcg / mL', 2000)).not.toBeNull();
    expect(statedConcentration('Baclofen 0.5 MCG/ML', 0.5)).not.toBeNull();
    expect(statedConcentration('Gablofen 50 mcg/mL (screening)', 500)).toBeNull();
    expect(statedConcentration('Baclofen intrathecal', 500)).toBeNull();
  });

  it('prints the concentration once, in bold', () => {
    const { container } = render(<DrugWithConcentration name="Lioresal Intrathecal 500 mcg/mL" mcgPerMl={500} />);
    expect(container.textContent).toBe('Lioresal Intrathecal 500 mcg/mL');
    expect(container.querySelector('strong')?.textContent).toBe('500 mcg/mL');
  });

  it('adds the concentration when the name does not state it, and both when the name states another', () => {
    const plain = render(<DrugWithConcentration name="Baclofen intrathecal" mcgPerMl={2000} />);
    expect(plain.container.textContent).toBe('Baclofen intrathecal, 2,000 mcg/mL');
    const other = render(<DrugWithConcentration name="Lioresal Intrathecal 500 mcg/mL" mcgPerMl={1000} />);
    expect(other.container.textContent).toBe('Lioresal Intrathecal 500 mcg/mL, 1,000 mcg/mL');
    const unknown = render(<DrugWithConcentration name="Baclofen intrathecal" mcgPerMl={null} />);
    expect(unknown.container.textContent).toBe('Baclofen intrathecal, —');
  });
});
