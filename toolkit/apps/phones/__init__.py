"""The participants' server: the phones' pages, served without a kernel per phone."""
