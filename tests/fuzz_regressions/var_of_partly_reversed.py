# fuzz: seed 3141667 (release run, seed 3100000): np.var of a[3::-1, ::-1] of a transposed argument (not one run in memory) was summed row by row (fixed: tensor_to_loop/walk.rs walks it in NumPy's order)
# rel: 0
# features: arg_views,bool_arith,float_mod,overlap,rank3,where_promote
# inputs: [{"array":{"data":["-1.0","-1.0","-1.0","1.0","1.0","0.0","0.0","-1.0","0.0","2.0","0.0","0.0","0.0","-1.0","1.0","0.0","-2.0","-1.0","2.0","1.0","1.0","-0.0","2.0","0.0","-2.0","-1.0","1.0","1.0","1.0","0.0","0.0","1.0","2.0","-2.0","-1.0","0.0","1.0","2.0","-0.0","1.0","2.0","0.0","1.0","2.0","-0.0","1.0","-1.0","1.0","1.0","0.0","1.0","0.0","1.0","2.0","2.0","2.0","1.0","-1.0","-1.0","1.0"],"dtype":"float64","shape":[4,5,3]},"view":"none"},{"float":"0.0"},{"array":{"data":[true,true,true,true,true,true,true,true,true,true,true,true],"dtype":"bool","shape":[2,3,2]},"view":"T"},{"array":{"data":["2.0","0.0","-0.6642183661460876","-0.25","-0.5","0.9545573592185974","1.9494951963424683","0.0","1.097702980041504","-0.44664260745048523","1.8752700090408325","0.0","-1.75","-1.2372081279754639","-0.26268789172172546"],"dtype":"float32","shape":[5,3,1]},"view":"none"}]
import numpy as np
from numba import njit

@njit
def f(x0, p1, x2, x3):
    a8 = x0
    return np.var(a8[3::-1, ::-1])
