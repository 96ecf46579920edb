"""The provider side of the market: the R&D services that universities, universities of
applied sciences, research institutes and laboratories offer. `companies` is the company
side (development needs)."""
