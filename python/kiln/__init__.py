import kiln._kiln as _k
